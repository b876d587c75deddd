"""The app's screens: the questionnaire, results, help, and the small dialogs."""
