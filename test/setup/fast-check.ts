import fc from "fast-check";

// A property test that fails shrinks its counterexample, which on inputs of 90 schools can run for hours: every
// property stops after 50 seconds (inside the 60 s a test may take), and an interrupted property fails (with the smallest counterexample found so far),
// so that a failing property ends the run instead of hanging it.
fc.configureGlobal({ interruptAfterTimeLimit: 50_000, markInterruptAsFailure: true });
