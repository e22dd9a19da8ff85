"""Read models and maths for the report pages: utilization, dormancy, savings, compliance,
spend, renewals, dashboard."""
