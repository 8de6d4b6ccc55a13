-- Drop a throwaway database, disconnecting whoever is still on it.
-- identifiers: database
-- uses: none (utility statement)
DROP DATABASE IF EXISTS {database} WITH (FORCE)
