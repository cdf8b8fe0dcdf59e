// MAML plugin: under construction.
