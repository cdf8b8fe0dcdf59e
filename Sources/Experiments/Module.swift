// Experiments: module under construction.
