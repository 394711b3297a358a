/**
 * Stands in for react-scrolllock 5.0.1's `withLockSheet` (dist/withLockSheet.js), the part of
 * @atlaskit/modal-dialog 17.1.1's ScrollLock that stops the page behind a dialog scrolling.
 * The original appends a <style data-react-scrolllock> element, which Forge's Custom UI policy
 * blocks; this applies the same rule, computed the same way when the lock mounts, as an adopted
 * stylesheet, and removes it when the lock unmounts. vite-plugins/csp-scroll-lock.mts puts it in
 * place of the original; react-scrolllock's touch handling is left as it is.
 */
import { useLayoutEffect, type ComponentType } from 'react';
import { adoptStylesheet } from './adopt-stylesheet';

interface LockProps {
  accountForScrollbars?: boolean;
}

/** react-scrolllock's `getStyles` (its utils `getDocumentHeight` and `getPadding`). */
function lockStyles(accountForScrollbars: boolean): string {
  const height = document.body.clientHeight;
  const paddingRight = accountForScrollbars
    ? parseInt(getComputedStyle(document.body).paddingRight, 10) + (window.innerWidth - document.documentElement.clientWidth)
    : null;
  return `body {
  box-sizing: border-box !important;
  overflow: hidden !important;
  position: relative !important;
  ${height ? `height: ${height}px !important;` : ''}
  ${paddingRight ? `padding-right: ${paddingRight}px !important;` : ''}
}`;
}

export default function withLockSheet<P extends LockProps>(Wrapped: ComponentType<P>): ComponentType<P> {
  function SheetProvider(props: P) {
    const accountForScrollbars = props.accountForScrollbars !== false;
    useLayoutEffect(() => adoptStylesheet(lockStyles(accountForScrollbars)), []); // eslint-disable-line react-hooks/exhaustive-deps -- measured once, on mount, as the original does
    return <Wrapped {...props} />;
  }
  return SheetProvider;
}
