// CLibPNG: under construction.
