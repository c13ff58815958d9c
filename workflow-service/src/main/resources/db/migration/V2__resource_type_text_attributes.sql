-- The attributes of a type whose text is embedded for semantic search; NULL: every string attribute.
ALTER TABLE resource_type ADD COLUMN text_attributes TEXT[];
