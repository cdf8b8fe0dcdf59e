// ProtoNet plugin: under construction.
