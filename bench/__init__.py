"""`make bench` (`manage.py bench`): performance figures, not part of the product, installed only where used."""
