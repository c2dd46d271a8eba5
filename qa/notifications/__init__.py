"""In-app notifications, e-mailed too when SMTP is configured."""
