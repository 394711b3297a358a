/**
 * Atlaskit's Modal, with the app's frame fitted to the page's window while it is open
 * (host-frame.ts): every dialog of the app is one of these.
 */
import AtlaskitModal, { type ModalDialogProps } from '@atlaskit/modal-dialog';
import { useHostViewport } from './host-frame';

export function Modal(props: ModalDialogProps) {
  useHostViewport();
  return <AtlaskitModal {...props} />;
}
