"""Demo data for `make run` (`manage.py seed_demo`): not part of the product, installed only where used.

Each module seeds one topic through the domain apps' models and public services; STEPS runs them in order.
"""
