print("metalearn: under construction")
