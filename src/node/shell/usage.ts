import { NEIGHBOURS_K } from "../../comparison/neighbours.js";
import { FAMILY_SIZES } from "../../group/settings.js";
import { PARTNER_DEFAULTS } from "../../partner/settings.js";
import { PLACE_SIZES } from "../../place/clusters.js";
import { DEFAULT_MAX_CHURN } from "../../regroup/regroup.js";

/** The overview `fos` and `fos --help` print. Each command's own help lives beside it in commands/. */
export const USAGE = `fos — Families of Schools from the command line

Usage:
  fos validate FILES [--preset generic|dfe-ks2|dfe-ks4] [--map mapping.json] [--lenient] [--json]
  fos group FILES [--min ${FAMILY_SIZES.min}] [--max ${FAMILY_SIZES.max}] [--by phase|none] [--weights prior=1,disadvantage=1]
                  [--max-per-la N] [--method families|neighbours] [--k ${NEIGHBOURS_K}] [--json|--csv] [--out PATH]
                  [--previous families.csv --max-churn ${DEFAULT_MAX_CHURN.toFixed(2)}] [--weights fit]
  fos quality FILES [grouping flags] [--measure attainment|improvement] [--fit-weights] [--json]
  fos benchmark FILES [--families families.csv | grouping flags] [--json|--csv] [--out PATH]
  fos pairs FILES [--families families.csv | grouping flags] [--capacity ${PARTNER_DEFAULTS.capacity}] [--k ${PARTNER_DEFAULTS.k}] [--context family|SD]
                  [--pins pins.csv] [--forbid forbid.csv] [--json|--csv] [--out PATH]
  fos report FILES [--families families.csv | grouping flags] [pairs flags] [--no-pairs]
                   (--out report.html | --out-dir report/)
  fos places [FILES] --gias FILE [--absence FILE] [--la 350-359] [--min ${PLACE_SIZES.min} --max ${PLACE_SIZES.max}] [--json] --out places.html
  fos demo

FILES are CSV files, each [YEAR=]PATH (the year is taken from a 2018-2019 pattern in the
file name when not given), or - for standard input.

On a terminal, the step under way shows on the last line of stderr; --quiet (any command) hides it.

Exit codes: 0 success, 1 problems in the data, 2 usage error.
Run 'fos COMMAND --help' for a command's options and an example.`;

/** A mistake in how fos was called: printed with the usage, exit 2. */
export class UsageError extends Error {}

/** A file fos was asked to write and could not: printed alone, naming the path and the reason, exit 2. */
export class WriteError extends Error {}
