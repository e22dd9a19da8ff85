"""Seats: assigning, reclaiming (one, many, dormant), the holders of a license and its usage audits."""
