// ANIL plugin: under construction.
