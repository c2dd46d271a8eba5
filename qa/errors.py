class Refused(ValueError):
    """A request the business rules refuse. Its message is written for the user and shown as it is."""
