/** Vite's `?raw` imports: the file's text (the tests read wrangler.toml's rate limits this way). */
declare module '*?raw' {
  const text: string;
  export default text;
}
