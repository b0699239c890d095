"""One package per area of the app: auth, children (and their networks), admin."""
