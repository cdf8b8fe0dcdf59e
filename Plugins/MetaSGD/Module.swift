// MetaSGD plugin: under construction.
