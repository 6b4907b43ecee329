/** `/demo.css`. */
export const demoStyles = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.45; }
body { margin: 0; background: Canvas; color: CanvasText; }
.banner { margin: 0; padding: 0.6rem 1rem; background: #b45309; color: #fff; text-align: center; }
header, main { max-width: 84rem; margin: 0 auto; padding: 0 1rem; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; padding-bottom: 2rem; }
section { border: 1px solid color-mix(in srgb, CanvasText 18%, transparent); border-radius: 12px; padding: 1rem; }
section.wide { grid-column: 1 / -1; }
h2 { margin-top: 0; font-size: 1.1rem; }
h3 { font-size: 0.95rem; margin-bottom: 0.25rem; }
.what { color: color-mix(in srgb, CanvasText 70%, transparent); font-size: 0.9rem; }
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 0.75rem; }
button { font: inherit; padding: 0.35rem 0.7rem; border-radius: 8px; border: 1px solid #888; background: ButtonFace; cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
.results { padding-left: 1.2rem; font-size: 0.85rem; }
.results .ok { color: #15803d; }
.results .failed { color: #b91c1c; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid color-mix(in srgb, CanvasText 12%, transparent); }
`;
