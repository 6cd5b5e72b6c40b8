/** Face of the welfare domain (filled in as the domain grows). Tables are in `./schema`. */
export {}
