/** Face of the gigs domain (filled in as the domain grows). Tables are in `./schema`. */
export {}
