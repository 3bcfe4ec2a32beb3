"""Views of the families app, one module per topic: staff pages under /cases/<case>/family/, the portal under
/portal/, the library and the checklist templates."""
