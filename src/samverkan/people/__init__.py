"""The person register of the program modules (see ``people.models``)."""
