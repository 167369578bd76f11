/**
 * Zoom's user-level OAuth as the sandbox plays it: an authorize page where a "Zoom user" allows the
 * app, codes that live five minutes and work once (PKCE S256 checked), refresh tokens that rotate
 * on every use (the old one then fails with invalid_grant), revocation, and `GET /v2/users/me`.
 */
import type { Context } from 'hono';
import { DEV_OAUTH_APP, type SandboxState } from './state';
import { jwtLike, randomString } from './zoom-ids';

const CODE_TTL_MS = 5 * 60_000;

export function userOAuth(state: SandboxState) {
  const { options, now, tokens, hostUser } = state;
  const apps = options.oauthApps ?? [DEV_OAUTH_APP];
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; userId: string; challenge?: string; expiresAt: number }
  >();
  const refreshTokens = new Map<string, { clientId: string; userId: string; expiresAt: number }>();
  const userAccount = 'sandbox_user_account';

  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

  async function sha256b64url(text: string) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    return btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  }

  function issue(clientId: string, userId: string) {
    const ttl = options.tokenTtlSeconds ?? 3599;
    const iat = Math.floor(now() / 1000);
    const access = jwtLike({
      aud: 'https://oauth.zoom.us',
      uid: userId,
      ver: 10,
      iat,
      exp: iat + ttl,
      tokenType: 'access_token',
    });
    const refresh = jwtLike({
      aud: 'https://oauth.zoom.us',
      uid: userId,
      ver: 10,
      iat,
      tokenType: 'refresh_token',
      jti: randomString(16),
    });
    tokens.set(access, { accountId: userAccount, expiresAt: now() + ttl * 1000, userId, clientId });
    refreshTokens.set(refresh, {
      clientId,
      userId,
      expiresAt: now() + (options.refreshTokenTtlSeconds ?? 90 * 86400) * 1000,
    });
    return {
      access_token: access,
      token_type: 'bearer',
      refresh_token: refresh,
      expires_in: ttl,
      scope: 'meeting:write:meeting meeting:read:meeting meeting:update:meeting meeting:delete:meeting user:read:user',
      api_url: 'https://api.zoom.us',
    };
  }

  return {
    /** GET /oauth/authorize: the consent page a tutor sees after signing in to Zoom. */
    authorizePage(c: Context) {
      const q = c.req.query();
      const app = apps.find((a) => a.clientId === q.client_id);
      if (!app || q.response_type !== 'code' || !q.redirect_uri)
        return c.text('Invalid client_id or request (sandbox).', 400);
      const hidden = Object.entries(q)
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join('');
      return c.html(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Zoom (sandbox): allow access</title>` +
          `<body style="font:16px system-ui;max-width:30rem;margin:3rem auto"><h1>Allow lesson-join to use your Zoom account?</h1>` +
          `<form method="post" action="/oauth/authorize">${hidden}<label>Your Zoom email <input name="email" type="email" required value="tutor@example.com"></label> ` +
          `<button>Allow</button> <button name="deny" value="1">Decline</button></form></body></html>`,
      );
    },

    /** POST /oauth/authorize: the tutor allowed (or declined); back to the app with a code. */
    async authorize(c: Context) {
      const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
      const app = apps.find((a) => a.clientId === form.get('client_id'));
      const redirectUri = form.get('redirect_uri');
      if (!app || !redirectUri) return c.text('Invalid client_id or request (sandbox).', 400);
      const back = new URL(redirectUri);
      if (form.get('state')) back.searchParams.set('state', form.get('state')!);
      if (form.get('deny')) {
        back.searchParams.set('error', 'access_denied');
        return c.redirect(back.toString(), 302);
      }
      const user = hostUser(form.get('email') || 'tutor@example.com');
      if (!user) return c.text('No such Zoom user (sandbox).', 400);
      const code = randomString(32);
      const challenge =
        form.get('code_challenge_method') === 'S256' ? (form.get('code_challenge') ?? undefined) : undefined;
      codes.set(code, {
        clientId: app.clientId,
        redirectUri,
        userId: user.id,
        challenge,
        expiresAt: now() + CODE_TTL_MS,
      });
      back.searchParams.set('code', code);
      return c.redirect(back.toString(), 302);
    },

    /** The authorization_code and refresh_token grants of POST /oauth/token. */
    async token(
      c: Context,
      clientId: string | undefined,
      clientSecret: string | undefined,
      param: (name: string) => string | undefined,
    ) {
      const app = apps.find((a) => a.clientId === clientId && a.clientSecret === clientSecret);
      if (!app) return c.json({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' }, 400);
      if (param('grant_type') === 'authorization_code') {
        const code = codes.get(param('code') ?? '');
        codes.delete(param('code') ?? '');
        if (!code || code.clientId !== app.clientId || code.expiresAt < now())
          return c.json({ reason: 'Invalid authorization code', error: 'invalid_grant' }, 400);
        if (code.redirectUri !== param('redirect_uri'))
          return c.json({ reason: 'Redirect URI mismatch.', error: 'invalid_request' }, 400);
        if (code.challenge && (await sha256b64url(param('code_verifier') ?? '')) !== code.challenge)
          return c.json({ reason: 'Invalid code_verifier', error: 'invalid_grant' }, 400);
        return c.json(issue(app.clientId, code.userId));
      }
      const refresh = refreshTokens.get(param('refresh_token') ?? '');
      // Rotation: a refresh token works once; its successor replaces it.
      refreshTokens.delete(param('refresh_token') ?? '');
      if (!refresh || refresh.clientId !== app.clientId || refresh.expiresAt < now())
        return c.json({ reason: 'Invalid Token!', error: 'invalid_grant' }, 400);
      return c.json(issue(app.clientId, refresh.userId));
    },

    /** POST /oauth/revoke?token=…: the user's tokens stop working. */
    revoke(c: Context) {
      const token = tokens.get(c.req.query('token') ?? '');
      if (token?.userId) revokeUser(token.userId);
      return c.json({ status: 'success' });
    },

    /** The app was removed from the user's Zoom account. */
    revokeUser,
  };

  function revokeUser(userId: string) {
    for (const [t, v] of tokens) if (v.userId === userId) tokens.delete(t);
    for (const [t, v] of refreshTokens) if (v.userId === userId) refreshTokens.delete(t);
  }
}

export type UserOAuth = ReturnType<typeof userOAuth>;
