import { useEffect, useRef, type ReactNode } from 'react';
import { movedWithinApp } from '../lib/router';

/**
 * A page: sets the document title and, when reached from another page of the app, moves focus to
 * its heading so keyboard and screen reader users know the page changed.
 */
export function Page({
  title,
  caption,
  actions,
  children,
}: {
  title: string;
  caption?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Care record`;
  }, [title]);
  useEffect(() => {
    if (movedWithinApp()) heading.current?.focus();
  }, []);
  return (
    <>
      <div className="page-head">
        <div>
          {caption && <p className="caption">{caption}</p>}
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
