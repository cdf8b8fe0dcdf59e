// FewShotData: module under construction.
