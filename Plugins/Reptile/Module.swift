// Reptile plugin: under construction.
