/** Face of the workshops domain (filled in as the domain grows). Tables are in `./schema`. */
export {}
