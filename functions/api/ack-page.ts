/** The small page behind an acknowledgement link (a button, so link scanners never acknowledge); `more` is HTML after the text. */
export function ackPage(title: string, text: string, more?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1.2rem;padding:.8rem 1.6rem}</style></head>
<body><h1>${title}</h1><p>${text}</p>${more ?? ''}</body></html>`;
}
