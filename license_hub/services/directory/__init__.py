"""The people and devices who can hold seats: directories, import and offboarding."""
