// the raw API lives here
