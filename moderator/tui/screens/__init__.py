"""The main screen, its forms and the help screen."""
