// NearestCentroid plugin: under construction.
