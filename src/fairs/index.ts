/**
 * Job fairs' face. Fairs' live board, rounds and check-in are their own; other domains use
 * the demo step and the invitations (the workbench invites unemployed laborers to an open
 * fair). Tables are in `./schema`.
 */
export { fairDemoStep } from './demo'
export { fairOpenTo, fairsOpenTo, invitationsOf, inviteToFair } from './invitations'
