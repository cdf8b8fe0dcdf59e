// MetaNN: module under construction.
