// A tiny progress reporter: a redrawn bar on a TTY, plain lines every 10% otherwise (CI logs, pipes).
export function createProgress(total, label = 'train') {
  const tty = Boolean(process.stdout.isTTY);
  const width = 30;
  let lastDraw = 0;
  let lastDecile = -1;
  const start = Date.now();
  return {
    update(step, info = '') {
      const done = step / total;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && step < total) return;
        lastDraw = now;
        const filled = Math.round(done * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        process.stdout.write(`\r${label} ${bar} ${(done * 100).toFixed(0).padStart(3)}% ${step}/${total} ${info}   `);
        if (step >= total) process.stdout.write('\n');
      } else {
        const decile = Math.floor(done * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          console.log(`${label} ${(done * 100).toFixed(0).padStart(3)}% ${step}/${total} ${info}`);
        }
      }
    },
    elapsed() {
      return (Date.now() - start) / 1000;
    },
  };
}
