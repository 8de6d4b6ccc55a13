-- Create a database (the embedded server's `hypernet`, or a test database cloned from a template).
-- identifiers: database, template
-- uses: none (utility statement)
CREATE DATABASE {database} TEMPLATE {template}
