// generated bindings
