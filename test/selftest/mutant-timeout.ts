/**
 * The --timeout of mutant runs. Most mutant failures are deliveries that never come, so this bounds
 * the self-test's time; a loopback delivery takes milliseconds, so 2 s is still a wide margin and
 * no kill depends on the machine's speed.
 */
export const MUTANT_TIMEOUT_MS = '2000';
