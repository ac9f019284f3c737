"""Finding groups: the free-text match (text), the index it reads (indexing), the filters
and their counts (filters), places and postcodes (places)."""
