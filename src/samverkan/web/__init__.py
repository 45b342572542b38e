"""The web shell: templates, translations, static files, navigation, start page and app."""
