"""Campaign microsite generator: campaign YAML -> validated model -> pages and assets -> MkDocs -> site/."""

__version__ = "0.1.0"
