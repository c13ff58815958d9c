__version__ = "2.0.0"
API_VERSION = "2"
USER_AGENT = f"strata-python/{__version__}"
