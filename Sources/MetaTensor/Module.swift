// MetaTensor: module under construction.
