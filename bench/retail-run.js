// Child process of `npm run bench -- retail`: runs the compiled pipeline (dist/) once and prints the
// RetailReport as JSON on stdout. Usage: node bench/retail-run.js FILE [SEED] [HORIZON_DAYS]
const path = require('node:path');
const { analyzeRetail } = require(path.join(__dirname, '..', 'dist', 'lib', 'lifecycle'));

const [file, seed = '42', horizon = '90'] = process.argv.slice(2);
analyzeRetail(file, { seed: Number(seed), horizonDays: Number(horizon) })
  .then((report) => process.stdout.write(`${JSON.stringify(report)}\n`))
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
