-- Key figures per street read only that street's hazards of the period.
CREATE INDEX hazards_street_created ON hazards (street_code, created_at);
CREATE INDEX hazards_street_status_created ON hazards (street_code, status, created_at);
