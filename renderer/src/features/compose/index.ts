// The compose feature's public surface: its page, and the actions a Compose group row in Containers offers.
export { ComposePage } from './ComposePage';
export { ComposeGroupActions } from './ComposeGroupActions';
export { SaveComposeButton } from './SaveComposeDialog';
