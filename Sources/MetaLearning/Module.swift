// MetaLearning: module under construction.
