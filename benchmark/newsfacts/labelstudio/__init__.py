"""Label Studio: labeling config, tasks, import of exports, agreement, and the server client."""
