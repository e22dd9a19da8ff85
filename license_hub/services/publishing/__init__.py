"""Publishing our own products: policies, signed keys, license files, validation, machines."""
