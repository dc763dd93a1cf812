"""The browser seat's first screen (served by `stormdesk drill serve`): join code and name."""
